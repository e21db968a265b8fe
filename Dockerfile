# ChiBo in a container (README "Running it unattended"). The database lives on the /data volume; the process runs as the
# image's non-root user "app". Secrets come from the environment (docker run --env-file), never from the image.
#   docker build -t chibo .
#   docker run -d --name chibo --restart on-failure -v chibo-data:/data --env-file /etc/chibo/chibo.env chibo
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY global.json Directory.Build.props Directory.Packages.props ChiBo.sln ./
COPY src/ChiBo.Core/ChiBo.Core.csproj src/ChiBo.Core/
COPY src/ChiBo.Bot/ChiBo.Bot.csproj src/ChiBo.Bot/
RUN dotnet restore src/ChiBo.Bot/ChiBo.Bot.csproj
COPY src/ src/
RUN dotnet publish src/ChiBo.Bot/ChiBo.Bot.csproj -c Release --no-restore -o /app

# The ASP.NET Core runtime: ChiBo's webhook listener is Kestrel.
FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
# The volume's mount point belongs to "app" and is closed to others; ChiBo creates the database 0600 inside it.
RUN mkdir -p /data && chown "$APP_UID:$APP_UID" /data && chmod 0700 /data
USER $APP_UID
VOLUME /data
ENV DOTNET_ENVIRONMENT=Production \
    ChiBo__Storage__Path=/data/chibo.db \
    ChiBo__Http__Urls=http://0.0.0.0:8080
# Only used in webhook mode (the listener and GET /healthz); put a TLS reverse proxy in front.
EXPOSE 8080
ENTRYPOINT ["dotnet", "ChiBo.Bot.dll"]
